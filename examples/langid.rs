//! Language-routing benchmark for `topictag::lang::Detector`.
//!
//! What it measures
//! ----------------
//! The router is built exactly as for routing with the default seven-language allowlist:
//! `Detector::new(vec![en, es, ru, fr, de, pt, it], DEFAULT_FLOOR)`, and every item goes through
//! `detector.route(text, None, None)` (no given language, no hint). An item is correct when
//! `route.lang` is the file's language; an undetermined item (`lang == None`, printed `und`) is
//! wrong.
//!
//! 1. Lingua test data (`<data>/{single-words,word-pairs,sentences}/<iso>.txt`, one item per line,
//!    1,000 per file) for English, Spanish, Russian, French, German, Portuguese and Italian.
//!    Accuracy is printed beside the published figures for Lingua (high accuracy) and Whatlang,
//!    read at run time from `<data>/accuracy-reports/lingua-rs/*-accuracy-values.csv`.
//!    The published detectors choose among all their languages (75 for Lingua); ours chooses
//!    among seven, so the comparison favours us. The Spanish files lost their accented letters
//!    (`crditos`, `resolucin`), which makes Spanish harder than real text.
//! 2. Throughput: items per second over all those lines, single thread, timing only the
//!    `route` calls (files are read before the clock starts); then the same for long texts
//!    (each language's test sentences joined into documents of at least 5,000 characters),
//!    with their accuracy.
//! 3. The team's own texts: the `text` column of `training/foreign_policy_dev.csv`, rows with
//!    `lang` = `es` and `lang` = `en`, and the Spanish rows again with every non-ASCII letter
//!    removed (as the lingua Spanish files lost theirs). Each text is split into sentences on
//!    ". " (sentence level), and its first word and first two words (whitespace-split,
//!    punctuation trimmed off each word's ends) mirror the single-word and word-pair files.
//!
//! 4. SIB-200 (Flores-200 sentences, `../shared/datasets/sib200/annotated/<lang_Script>/`, all
//!    of train, dev and test: 1,004 sentences per language), text the lexicons were never
//!    written against. For the seven pipeline languages an item is correct when routed to its
//!    language; for every other language present (Catalan, Ukrainian, Turkish, Chinese...) an
//!    item is correct when it goes to the language-neutral pipeline (`route.lang == None`),
//!    never to a wrong stemmer. Sentences and their first two words are scored, and the same
//!    sentences and their first six words in capitals (as wire headlines are written).
//!
//! Run
//! ---
//! `cargo run --release --example langid -- [--data DIR] [--errors N]`
//!
//! `--errors N` prints up to N misrouted items of each lingua file with where they went.
//!
//! `DIR` defaults to `../shared/datasets/lingua-langid-testdata` relative to the crate root.
//! When it is missing the benchmark prints a notice and exits successfully.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use serde::Deserialize;
use topictag::lang::{Detector, Lang, DEFAULT_FLOOR};

/// The routing allowlist, in table order.
const LANGS: [Lang; 7] = [
    Lang::English,
    Lang::Spanish,
    Lang::Russian,
    Lang::French,
    Lang::German,
    Lang::Portuguese,
    Lang::Italian,
];

/// The three item types: (folder in the data set, stem of the published CSV, column label).
const KINDS: [(&str, &str); 3] = [
    ("single-words", "words"),
    ("word-pairs", "pairs"),
    ("sentences", "sent."),
];

/// Published detectors shown beside ours: (column in the lingua-rs CSVs, label).
const PUBLISHED: [(&str, &str); 2] = [
    ("lingua-high-accuracy", "Lingua high"),
    ("whatlang", "Whatlang"),
];

/// Minimum length, in characters, of the long documents of the throughput check.
const LONG_CHARS: usize = 5_000;

/// The team's development set, relative to the crate root.
const TEAM_CSV: &str = "training/foreign_policy_dev.csv";

/// SIB-200 (Flores-200 sentences), relative to the crate root: `<lang_Script>/{train,dev,test}.tsv`.
const SIB_DIR: &str = "../shared/datasets/sib200/annotated";

#[derive(Parser)]
#[command(about = "Score topictag's language router on the Lingua test data")]
struct Args {
    /// Lingua test-data folder (with single-words/, word-pairs/, sentences/, accuracy-reports/).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Confidence floor of the router (default: the library's DEFAULT_FLOOR).
    #[arg(long)]
    floor: Option<f64>,
    /// Print up to this many misrouted items per file (with the language they went to).
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

/// Correct, undetermined and total counts for one set of items, and the time spent routing them.
#[derive(Clone, Copy, Default)]
struct Score {
    correct: usize,
    undetermined: usize,
    total: usize,
    elapsed: Duration,
}

impl Score {
    fn accuracy(&self) -> f64 {
        100.0 * self.correct as f64 / self.total.max(1) as f64
    }

    fn add(&mut self, other: Score) {
        self.correct += other.correct;
        self.undetermined += other.undetermined;
        self.total += other.total;
        self.elapsed += other.elapsed;
    }
}

/// Published accuracies: (detector column, item folder, English language name) -> percent.
type Published = HashMap<(String, String, String), f64>;

fn main() -> Result<()> {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = args
        .data
        .unwrap_or_else(|| root.join("../shared/datasets/lingua-langid-testdata"));
    let data = data.canonicalize().unwrap_or(data);
    let floor = args.floor.unwrap_or(DEFAULT_FLOOR);
    let detector = Detector::new(LANGS.to_vec(), floor);
    println!(
        "Router: Detector::new([{}], floor = {floor}); route(text, None, None); und counts as wrong\n",
        codes(&LANGS)
    );

    if !data.is_dir() {
        println!(
            "Lingua test data not found at {} (pass --data DIR); nothing to do.",
            data.display()
        );
        return Ok(());
    }
    run_lingua(&detector, &data, args.errors)?;
    run_team(&detector, &root.join(TEAM_CSV))?;
    run_sib(&detector, &root.join(SIB_DIR))
}

fn codes(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------- Lingua test data

/// Score every language and item type, then print the accuracy table and the throughput.
fn run_lingua(detector: &Detector, data: &Path, errors: usize) -> Result<()> {
    println!("== Lingua test data: {}", data.display());
    let published = load_published(&data.join("accuracy-reports/lingua-rs"));
    let mut scores: Vec<[Option<Score>; 3]> = Vec::new();
    for lang in LANGS {
        let mut row = [None; 3];
        for (cell, (dir, _)) in row.iter_mut().zip(KINDS) {
            let path = data.join(dir).join(format!("{}.txt", lang.code()));
            *cell = read_lines(&path)
                .inspect(|items| print_errors(detector, lang, dir, items, errors))
                .map(|items| score(detector, lang, &items))
                .map_err(|e| eprintln!("skipping {}: {e:#}", path.display()))
                .ok();
        }
        scores.push(row);
    }
    print_table(&scores, &published);
    print_throughput(&scores);
    run_long(detector, data)?;
    println!(
        "Note: the Spanish test files lost their accented letters (e.g. `crditos`, `resolucin`,\n\
         `habas visto`), which makes Spanish harder than real text; see the team-text measurement below.\n\
         Published figures are from lingua-rs reports, where each detector chooses among all its\n\
         languages; this router chooses among the seven above, which makes its task easier.\n"
    );
    Ok(())
}

/// Long texts: each language's test sentences joined into documents of at least
/// [`LONG_CHARS`] characters (an article rather than a title), routed whole.
fn run_long(detector: &Detector, data: &Path) -> Result<()> {
    let mut all = Score::default();
    let mut cells = Vec::new();
    for lang in LANGS {
        let path = data.join("sentences").join(format!("{}.txt", lang.code()));
        let Ok(sentences) = read_lines(&path) else {
            continue;
        };
        let mut docs = Vec::new();
        let mut doc = String::new();
        for s in sentences {
            doc.push_str(&s);
            doc.push(' ');
            if doc.chars().count() >= LONG_CHARS {
                docs.push(std::mem::take(&mut doc));
            }
        }
        let s = score(detector, lang, &docs);
        cells.push(format!(
            "{} {:.1}% of {}",
            lang.code(),
            s.accuracy(),
            s.total
        ));
        all.add(s);
    }
    println!(
        "Long texts (test sentences joined into documents of >= {LONG_CHARS} chars): {:.0} items/s; \
         accuracy {}\n",
        rate(&all),
        cells.join(", ")
    );
    Ok(())
}

/// Route every item and count how many land on `expected`; only the routing is timed.
fn score(detector: &Detector, expected: Lang, items: &[String]) -> Score {
    let mut s = Score {
        total: items.len(),
        ..Score::default()
    };
    let start = Instant::now();
    for item in items {
        match detector.route(item, None, None).lang {
            Some(lang) if lang == expected => s.correct += 1,
            Some(_) => {}
            None => s.undetermined += 1,
        }
    }
    s.elapsed = start.elapsed();
    s
}

/// Print up to `limit` items of one file that were not routed to `expected`.
fn print_errors(detector: &Detector, expected: Lang, kind: &str, items: &[String], limit: usize) {
    let wrong = items
        .iter()
        .map(|item| (item, detector.route(item, None, None)))
        .filter(|(_, r)| r.lang != Some(expected))
        .take(limit);
    for (item, r) in wrong {
        println!("{} {kind}: {} -> {}", expected.code(), item, r.code());
    }
}

/// Non-empty lines of a UTF-8 file, trimmed.
fn read_lines(path: &Path) -> Result<Vec<String>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

/// Read the published accuracies from `<dir>/<kind>-accuracy-values.csv`; missing files or
/// columns just leave gaps (printed as `-`).
fn load_published(dir: &Path) -> Published {
    let mut out = Published::new();
    for (kind, _) in KINDS {
        let path = dir.join(format!("{kind}-accuracy-values.csv"));
        if let Err(e) = read_published_csv(&path, kind, &mut out) {
            eprintln!(
                "published figures unavailable from {}: {e:#}",
                path.display()
            );
        }
    }
    out
}

/// One lingua-rs CSV: header `language,<detector>,...`, one row per language name, percent values
/// (`NaN` where the detector does not support the language).
fn read_published_csv(path: &Path, kind: &str, out: &mut Published) -> Result<()> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    for record in reader.records() {
        let record = record?;
        let language = record.get(0).unwrap_or_default().to_string();
        for (column, _) in PUBLISHED {
            let Some(i) = headers.iter().position(|h| h == column) else {
                continue;
            };
            if let Some(v) = record
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite())
            {
                out.insert((column.to_string(), kind.to_string(), language.clone()), v);
            }
        }
    }
    Ok(())
}

fn published_value(published: &Published, column: &str, kind: &str, lang: Lang) -> Option<f64> {
    let name = lang.whatlang().eng_name().to_string();
    published
        .get(&(column.to_string(), kind.to_string(), name))
        .copied()
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))
}

/// One group of three columns (words, pairs, sentences).
fn group(values: [Option<f64>; 3]) -> String {
    values.map(|v| format!("{:>6}", pct(v))).join("")
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Option<Vec<f64>> = values.collect();
    v.filter(|v| !v.is_empty())
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
}

fn print_table(scores: &[[Option<Score>; 3]], published: &Published) {
    let labels = KINDS.map(|(_, label)| format!("{label:>6}")).join("");
    let mut header = format!("{:<16}|{:^18}|", "accuracy %", "topictag router");
    let mut sub = format!("{:<16}|{labels}|", "language");
    for (_, name) in PUBLISHED {
        header += &format!("{name:^18}|");
        sub += &format!("{labels}|");
    }
    println!("{header}\n{sub}\n{}", "-".repeat(sub.chars().count()));

    let ours = |i: usize, k: usize| scores[i][k].map(|s| s.accuracy());
    let theirs =
        |col: &str, k: usize, lang: Lang| published_value(published, col, KINDS[k].0, lang);
    for (i, lang) in LANGS.into_iter().enumerate() {
        let name = format!("{} ({})", lang.whatlang().eng_name(), lang.code());
        let mut line = format!("{name:<16}|{}|", group([0, 1, 2].map(|k| ours(i, k))));
        for (col, _) in PUBLISHED {
            line += &format!("{}|", group([0, 1, 2].map(|k| theirs(col, k, lang))));
        }
        println!("{line}");
    }
    let mut line = format!(
        "{:<16}|{}|",
        "mean of 7",
        group([0, 1, 2].map(|k| mean((0..LANGS.len()).map(|i| ours(i, k)))))
    );
    for (col, _) in PUBLISHED {
        let values = [0, 1, 2].map(|k| mean(LANGS.iter().map(|&l| theirs(col, k, l))));
        line += &format!("{}|", group(values));
    }
    println!("{line}\n");
    print_undetermined(scores);
}

/// How many items per file came back undetermined (already counted as wrong above).
fn print_undetermined(scores: &[[Option<Score>; 3]]) {
    let cells: Vec<String> = LANGS
        .iter()
        .zip(scores)
        .map(|(lang, row)| {
            let counts = row.map(|s| s.map_or("-".to_string(), |s| s.undetermined.to_string()));
            format!("{} {}", lang.code(), counts.join("/"))
        })
        .collect();
    println!(
        "Undetermined (und) items, words/pairs/sentences of 1,000: {}",
        cells.join(", ")
    );
}

fn print_throughput(scores: &[[Option<Score>; 3]]) {
    let mut all = Score::default();
    let mut parts = Vec::new();
    for (k, (dir, _)) in KINDS.into_iter().enumerate() {
        let mut kind = Score::default();
        scores
            .iter()
            .filter_map(|row| row[k])
            .for_each(|s| kind.add(s));
        parts.push(format!("{dir} {:.0}", rate(&kind)));
        all.add(kind);
    }
    println!(
        "Throughput (single thread, route() calls only): {:.0} items/s over all {} lines \
         ({:.3} s); by type, items/s: {}\n",
        rate(&all),
        all.total,
        all.elapsed.as_secs_f64(),
        parts.join(", ")
    );
}

fn rate(s: &Score) -> f64 {
    s.total as f64 / s.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

// ---------------------------------------------------------------- team texts

#[derive(Deserialize)]
struct TeamRow {
    title: String,
    text: String,
    lang: String,
}

/// Score the team's Spanish and English dev texts at word, word-pair and sentence level.
fn run_team(detector: &Detector, path: &Path) -> Result<()> {
    println!("== Team texts: `text` column of {}", path.display());
    if !path.is_file() {
        println!("not found; skipping.");
        return Ok(());
    }
    let rows = read_team_csv(path)?;
    println!(
        "{:<22}|{:>24}|{:>24}|{:>24}|{:>24}|",
        "accuracy %", "first word", "first two words", "sentences (\". \" split)", "titles"
    );
    // The Spanish texts a second time with their non-ASCII letters removed, as the lingua
    // Spanish files were (`crditos`), to see what that loss costs on known text.
    let stripped: Vec<String> = rows
        .iter()
        .filter(|r| r.lang.trim() == "es")
        .map(|r| r.text.chars().filter(char::is_ascii).collect())
        .collect();
    let stripped_titles: Vec<String> = rows
        .iter()
        .filter(|r| r.lang.trim() == "es")
        .map(|r| r.title.chars().filter(char::is_ascii).collect())
        .collect();
    let runs = [
        (Lang::Spanish, "es", false),
        (Lang::Spanish, "es, ASCII only", true),
        (Lang::English, "en", false),
    ];
    for (lang, label, ascii) in runs {
        let (texts, titles): (Vec<&str>, Vec<String>) = if ascii {
            (
                stripped.iter().map(String::as_str).collect(),
                stripped_titles.clone(),
            )
        } else {
            let rows: Vec<&TeamRow> = rows
                .iter()
                .filter(|r| r.lang.trim() == lang.code())
                .collect();
            (
                rows.iter().map(|r| r.text.as_str()).collect(),
                rows.iter().map(|r| r.title.clone()).collect(),
            )
        };
        let words = score(detector, lang, &first_words(&texts, 1));
        let pairs = score(detector, lang, &first_words(&texts, 2));
        let sentences = score(detector, lang, &sentences(&texts));
        let titles = score(detector, lang, &titles);
        println!(
            "{:<22}|{:>24}|{:>24}|{:>24}|{:>24}|",
            format!("{label} ({})", texts.len()),
            cell(&words),
            cell(&pairs),
            cell(&sentences),
            cell(&titles)
        );
    }
    println!("(cells: accuracy % (correct/total, und = undetermined))");
    Ok(())
}

fn read_team_csv(path: &Path) -> Result<Vec<TeamRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    reader
        .deserialize()
        .collect::<Result<_, _>>()
        .with_context(|| format!("parsing {}", path.display()))
}

/// The first `n` whitespace-separated words of each text, each trimmed of surrounding
/// punctuation, joined by one space; texts with fewer than `n` words are skipped.
fn first_words(texts: &[&str], n: usize) -> Vec<String> {
    texts
        .iter()
        .filter_map(|t| {
            let words: Vec<&str> = t
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .take(n)
                .collect();
            (words.len() == n).then(|| words.join(" "))
        })
        .collect()
}

/// Every text split on ". ", trimmed, empty pieces dropped.
fn sentences(texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .flat_map(|t| t.split(". "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn cell(s: &Score) -> String {
    format!(
        "{:.1} ({}/{}, und {})",
        s.accuracy(),
        s.correct,
        s.total,
        s.undetermined
    )
}

// ---------------------------------------------------------------- SIB-200

/// Score SIB-200 sentences and their first two words, language by language.
fn run_sib(detector: &Detector, dir: &Path) -> Result<()> {
    println!("\n== SIB-200 sentences: {}", dir.display());
    if !dir.is_dir() {
        println!("not found; skipping.");
        return Ok(());
    }
    let mut folders: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    println!(
        "{:<12}|{:>9}|{:>28}|{:>28}|{:>28}|{:>28}|",
        "folder",
        "expects",
        "sentences",
        "first two words",
        "sentences in capitals",
        "six words in capitals"
    );
    let (mut ours, mut others) = ([Score::default(); 4], [Score::default(); 4]);
    for folder in folders {
        let name = folder.file_name().unwrap_or_default().to_string_lossy();
        let iso3 = name.split('_').next().unwrap_or_default();
        let expected = whatlang::Lang::from_code(iso3).and_then(Lang::from_whatlang);
        let expected = expected.filter(|l| LANGS.contains(l));
        let mut texts = Vec::new();
        for split in ["train", "dev", "test"] {
            texts.extend(read_sib_tsv(&folder.join(format!("{split}.tsv")))?);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let capitals: Vec<String> = texts.iter().map(|t| t.to_uppercase()).collect();
        let capitals_six: Vec<String> = first_words(&refs, 6)
            .iter()
            .map(|t| t.to_uppercase())
            .collect();
        let cells = [
            score_sib(detector, expected, &texts),
            score_sib(detector, expected, &first_words(&refs, 2)),
            score_sib(detector, expected, &capitals),
            score_sib(detector, expected, &capitals_six),
        ];
        let sums = if expected.is_some() {
            &mut ours
        } else {
            &mut others
        };
        for (sum, c) in sums.iter_mut().zip(cells) {
            sum.add(c);
        }
        println!(
            "{name:<12}|{:>9}|{}",
            expected.map_or("neutral", |l| l.code()),
            cells
                .iter()
                .map(|c| format!("{:>28}|", cell(c)))
                .collect::<String>()
        );
    }
    for (label, sums) in [("7 pipelines", ours), ("others", others)] {
        println!(
            "{label:<12}|{:>9}|{}",
            "",
            sums.iter()
                .map(|c| format!("{:>28}|", cell(c)))
                .collect::<String>()
        );
    }
    println!(
        "(pipeline languages: correct = routed to the language; others: correct = language-neutral)"
    );
    Ok(())
}

/// The `text` column of one SIB-200 TSV (header `index_id, category, text`; no quoting).
fn read_sib_tsv(path: &Path) -> Result<Vec<String>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect())
}

/// Route every item: correct when it lands on `expected`, or, with no `expected`, when it goes
/// to the language-neutral pipeline. `undetermined` counts items with no pipeline language.
fn score_sib(detector: &Detector, expected: Option<Lang>, items: &[String]) -> Score {
    let mut s = Score {
        total: items.len(),
        ..Score::default()
    };
    let start = Instant::now();
    for item in items {
        let got = detector.route(item, None, None).lang;
        s.correct += usize::from(got == expected);
        s.undetermined += usize::from(got.is_none());
    }
    s.elapsed = start.elapsed();
    s
}
